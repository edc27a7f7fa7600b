"""Each transport's request, checked against the receiver and the providers' documents."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from kaoping.web.notify.transports import (
    AliyunSms,
    DingTalkRobot,
    Message,
    TransportError,
    WeComRobot,
    aliyun_signature,
    dingtalk_sign,
)

from .conftest import Receiver

MSG = Message(
    "报表被退回修改", "东村的《季度数据》2026Q3报表已被退回修改。", "https://k.example/r/1/"
)


def test_aliyun_signature_matches_the_providers_documented_example() -> None:
    # The worked example of dysmsapi's signature document (AccessKeySecret testSecret).
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert aliyun_signature(params, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_dingtalk_sign_is_hmac_sha256_of_timestamp_and_secret_in_base64() -> None:
    secret, ts = "SEC0123456789abcdef", 1700000000000
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert dingtalk_sign(secret, ts) == expected
    url = DingTalkRobot().signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=x", secret, ts
    )
    query = parse_qs(urlsplit(url).query)
    assert query == {"access_token": ["x"], "timestamp": [str(ts)], "sign": [expected]}


def test_dingtalk_without_secret_posts_to_the_webhook_unchanged() -> None:
    assert DingTalkRobot().signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=x", ""
    ) == ("https://oapi.dingtalk.com/robot/send?access_token=x")


def test_wecom_robot_posts_markdown_with_the_link(receiver: Receiver) -> None:
    WeComRobot().send(MSG, receiver.url + "/cgi-bin/webhook/send?key=K1")
    (seen,) = receiver.requests
    assert seen.path == "/cgi-bin/webhook/send" and seen.query == {"key": ["K1"]}
    assert seen.body["msgtype"] == "markdown"
    content = seen.body["markdown"]["content"]
    assert content.startswith("### 报表被退回修改\n")
    assert "东村的《季度数据》2026Q3报表已被退回修改。" in content
    assert "[查看详情](https://k.example/r/1/)" in content


def test_dingtalk_robot_posts_markdown_signed(receiver: Receiver) -> None:
    DingTalkRobot().send(MSG, receiver.url + "/robot/send?access_token=T", "SECabc")
    (seen,) = receiver.requests
    assert seen.body["msgtype"] == "markdown"
    assert seen.body["markdown"]["title"] == "报表被退回修改"
    ts = seen.query["timestamp"][0]
    assert seen.query["sign"] == [dingtalk_sign("SECabc", int(ts))]


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ((200, {"errcode": 310000, "errmsg": "sign not match"}), "钉钉返回 310000：sign not match"),
        ((500, {"errcode": -1}), "HTTP 500"),
        ((200, ["not", "an", "object"]), "应答不是 JSON 对象"),
    ],
)
def test_a_robot_that_does_not_take_the_message_says_why(
    receiver: Receiver, answer: tuple[int, Any], why: str
) -> None:
    receiver.answers.append(answer)
    with pytest.raises(TransportError) as caught:
        DingTalkRobot().send(MSG, receiver.url + "/robot/send?access_token=T")
    assert str(caught.value) == why


def test_an_unreachable_robot_is_a_transport_error() -> None:
    with pytest.raises(TransportError, match="连接失败"):
        WeComRobot().send(MSG, "http://127.0.0.1:9/cgi-bin/webhook/send?key=K")


def test_aliyun_sms_sends_a_signed_request_the_receiver_can_verify(receiver: Receiver) -> None:
    receiver.answers.append((200, {"Code": "OK", "Message": "OK", "BizId": "1"}))
    sms = AliyunSms(
        access_key_id="AK",
        access_key_secret="SK",
        sign_name="东风镇",
        template_code="SMS_1",
        endpoint=receiver.url,
    )
    sms.send("13800138000", {"title": "报表被退回修改", "url": "https://k.example/"})
    (seen,) = receiver.requests
    params = {k: v[0] for k, v in seen.query.items()}
    signature = params.pop("Signature")
    assert signature == aliyun_signature(params, "SK")
    assert params["PhoneNumbers"] == "13800138000" and params["Action"] == "SendSms"
    assert params["TemplateParam"] == '{"title": "报表被退回修改", "url": "https://k.example/"}'


def test_aliyun_sms_refusal_is_a_transport_error(receiver: Receiver) -> None:
    receiver.answers.append((200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}))
    sms = AliyunSms(
        access_key_id="AK",
        access_key_secret="SK",
        sign_name="s",
        template_code="t",
        endpoint=receiver.url,
    )
    with pytest.raises(TransportError, match=r"isv\.MOBILE_NUMBER_ILLEGAL"):
        sms.send("13800138000", {"title": "x", "url": ""})
