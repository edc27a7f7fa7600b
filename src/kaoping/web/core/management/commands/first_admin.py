"""``manage.py first_admin <unit code> <username>``: the first admin of a province,
city or county (or township) that has none yet, with a temporary password printed
once, which the holder must replace at the first login before any other page opens
(``two_factor.AccountGate``). Audited like the users page (``RoleChange``: account
created, role granted, temporary password set, by nobody: the command line).
Refused when the unit already has an admin (that admin manages its accounts on
the users pages) or the username is taken."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

#: The levels an admin manages accounts for (a village's reporters are the township's).
LEVELS = ("province", "city", "county", "township")


class Command(BaseCommand):
    help = "为尚无管理员的省、市、县（或乡镇）创建第一个管理员账号，打印临时密码（首次登录须修改）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit", help="单位代码")
        parser.add_argument("username", help="新账号的用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        from kaoping.web.core import roles
        from kaoping.web.core.models import AccountState, Membership, RoleChange, Unit

        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"没有代码为{options['unit']}的单位")
        if unit.level not in LEVELS:
            raise CommandError(f"{unit.name}是{unit.get_level_display()}，不设管理员")
        username = options["username"]
        User = get_user_model()
        password = secrets.token_urlsafe(9)
        with transaction.atomic():
            Unit.objects.select_for_update().filter(pk=unit.pk).first()
            admins = Membership.objects.filter(unit=unit, role=Membership.Role.ADMIN)
            if admins.exists():
                names = "、".join(admins.values_list("user__username", flat=True))
                raise CommandError(f"{unit.name}已有管理员（{names}），请由其在用户页面管理账号")
            if User.objects.filter(username=username).exists():
                raise CommandError(f"用户名{username}已被使用")
            user = User.objects.create_user(username=username, password=password)
            AccountState.objects.create(user=user, must_change_password=True)
            roles.account_created(None, user, unit)
            roles.grant(None, user, Membership.Role.ADMIN, unit)
            roles.record(RoleChange.Action.TEMP_PASSWORD, None, user, "", unit)
        self.stdout.write(
            f"已为{unit.name}创建管理员{username}，临时密码：{password}\n"
            "请当面交给本人；首次登录须先修改密码。"
        )
