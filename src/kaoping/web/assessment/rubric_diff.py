"""Two versions of a rubric compared in words: what an assessor needs to know
before assessing a quarter with the newer one. Each difference is one whole
sentence of the catalogue, in the language of the page; the rubric's own words
(titles, labels, expressions, keys) are its data."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kaoping.engine import (
    ActionSpec,
    Adjustment,
    ByRank,
    ByRole,
    Node,
    PerCase,
    Rubric,
    Rule,
    format_exact,
)


def _n(v: Decimal | None) -> str:
    # A rubric's own constant, as its author wrote it (0.955 is not 0.96).
    return "—" if v is None else format_exact(v)


def _comma() -> str:
    return pgettext("comma", "，")


def _kinds() -> dict[str, str]:
    return {
        "rate": pgettext("rule kind", "比率"),
        "per_case": pgettext("rule kind", "按例扣分"),
        "check": pgettext("rule kind", "达标得分"),
        "deduct_if": pgettext("rule kind", "条件扣分"),
        "zero_if": pgettext("rule kind", "不得分条件"),
        "manual": pgettext("rule kind", "人工扣分"),
    }


def rule_words(rule: Rule) -> str:
    """A rule in one line, every key that affects the score."""
    kind = _kinds()[rule.kind]
    if rule.kind == "manual":
        return kind
    parts = [_("%(kind)s %(expr)s") % {"kind": kind, "expr": rule.expr}]
    if rule.kind == "rate":
        partial = {
            "exact": _("不足1个百分点按实计"),
            "floor": _("不足1个百分点不计"),
            "ceil": _("不足1个百分点按1计"),
        }
        parts += [
            _("满分线%(at)s") % {"at": _n(rule.full_at)},
            _("%(points)s分") % {"points": _n(rule.points)},
            _("每低1个百分点扣%(points)s分") % {"points": _n(rule.per_point_below)},
            partial[rule.partial],
            _("无法计算时得满分") if rule.if_undefined == "full" else _("无法计算时不得分"),
        ]
    if rule.kind == "check":
        parts.append(_("%(points)s分") % {"points": _n(rule.points)})
    if rule.kind in ("per_case", "deduct_if"):
        parts.append(_("扣%(points)s分") % {"points": _n(rule.deduct)})
    if rule.cap is not None:
        parts.append(_("最多扣%(points)s分") % {"points": _n(rule.cap)})
    return _comma().join(parts)


def _action_words(a: ActionSpec) -> str:
    to = pgettext("list separator", "、").join(a.to)
    if isinstance(a.amount, ByRank):
        amount = _("按名次%(amounts)s") % {"amounts": "/".join(_n(x) for x in a.amount.amounts)}
    elif isinstance(a.amount, ByRole):
        amounts = _comma().join(f"{k}{_n(v)}" for k, v in a.amount.amounts.items())
        amount = _("按职务%(amounts)s") % {"amounts": amounts}
    elif isinstance(a.amount, PerCase):
        values = {"each": _n(a.amount.each), "expr": a.amount.expr}
        if a.amount.cap is not None:
            amount = _("每例%(each)s（%(expr)s），最多%(cap)s") % {
                **values,
                "cap": _n(a.amount.cap),
            }
        else:
            amount = _("每例%(each)s（%(expr)s）") % values
    else:
        amount = _n(a.amount) if a.amount is not None else ""
    if amount:
        return _("%(kind)s（%(to)s，%(amount)s）") % {"kind": a.kind, "to": to, "amount": amount}
    return _("%(kind)s（%(to)s）") % {"kind": a.kind, "to": to}


def _adjustment_words(a: Adjustment) -> str:
    kind = {
        "per_case": pgettext("rule kind", "按例扣分"),
        "deduct_if": pgettext("rule kind", "条件扣分"),
        "check": pgettext("rule kind", "加分"),
        "veto": pgettext("rule kind", "一票否决"),
    }
    parts = [_("%(kind)s %(expr)s") % {"kind": kind.get(a.kind, a.kind), "expr": a.expr}]
    if a.deduct is not None:
        parts.append(_("扣%(points)s分") % {"points": _n(a.deduct)})
    if a.bonus is not None:
        parts.append(_("加%(points)s分") % {"points": _n(a.bonus)})
    if a.cap is not None:
        parts.append(_("最多扣%(points)s分") % {"points": _n(a.cap)})
    return _comma().join(parts)


def _nodes(r: Rubric) -> dict[str, Node]:
    return {n.path: n for n in r.nodes()}


def diff_rubrics(old: Rubric, new: Rubric) -> list[str]:
    """Every difference that matters for scoring, one sentence each, in rubric order."""
    out: list[str] = []
    if old.name != new.name:
        out.append(_("名称由“%(old)s”改为“%(new)s”") % {"old": old.name, "new": new.name})
    if old.total != new.total:
        out.append(_("总分由%(old)s改为%(new)s") % {"old": _n(old.total), "new": _n(new.total)})
    for code, e in new.elements.items():
        oe = old.elements.get(code)
        if oe is None:
            out.append(_("新增数据项 %(code)s（%(label)s）") % {"code": code, "label": e.label})
            continue
        if oe.label != e.label:
            out.append(
                _("数据项 %(code)s 名称由“%(old)s”改为“%(new)s”")
                % {"code": code, "old": oe.label, "new": e.label}
            )
        if oe.type != e.type:
            out.append(
                _("数据项 %(code)s 类型由%(old)s改为%(new)s")
                % {"code": code, "old": oe.type.value, "new": e.type.value}
            )
        if oe.default != e.default:
            out.append(
                _("数据项 %(code)s 默认值由%(old)s改为%(new)s")
                % {"code": code, "old": _n(oe.default), "new": _n(e.default)}
            )
    out += [
        _("删除数据项 %(code)s（%(label)s）") % {"code": c, "label": x.label}
        for c, x in old.elements.items()
        if c not in new.elements
    ]
    old_checks = {str(c.rule): c.message for c in old.checks}
    new_checks = {str(c.rule): c.message for c in new.checks}
    out += [
        _("新增校验：%(rule)s（%(message)s）") % {"rule": r, "message": m}
        for r, m in new_checks.items()
        if r not in old_checks
    ]
    out += [
        _("删除校验：%(rule)s（%(message)s）") % {"rule": r, "message": m}
        for r, m in old_checks.items()
        if r not in new_checks
    ]
    on, nn = _nodes(old), _nodes(new)
    for path, n in nn.items():
        o: Node | None = on.get(path)
        item = {"path": path, "title": n.title}
        if o is None:
            out.append(
                _("新增考评项目 %(path)s“%(title)s”，满分%(max)s") % {**item, "max": _n(n.max)}
            )
            continue
        if o.title != n.title:
            out.append(
                _("项目 %(path)s 名称由“%(old)s”改为“%(new)s”")
                % {"path": path, "old": o.title, "new": n.title}
            )
        if o.max != n.max:
            out.append(
                _("项目 %(path)s“%(title)s”满分由%(old)s改为%(new)s")
                % {**item, "old": _n(o.max), "new": _n(n.max)}
            )
        old_rules = [rule_words(r) for r in o.rules]
        new_rules = [rule_words(r) for r in n.rules]
        if old_rules != new_rules:
            if len(old_rules) == len(new_rules):
                for was, now in zip(old_rules, new_rules, strict=True):
                    if was != now:
                        out.append(
                            _("项目 %(path)s“%(title)s”规则改为：%(now)s（原为：%(was)s）")
                            % {**item, "now": now, "was": was}
                        )
            else:
                out += [
                    _("项目 %(path)s“%(title)s”新增规则：%(rule)s") % {**item, "rule": w}
                    for w in new_rules
                    if w not in old_rules
                ]
                out += [
                    _("项目 %(path)s“%(title)s”删除规则：%(rule)s") % {**item, "rule": w}
                    for w in old_rules
                    if w not in new_rules
                ]
    out += [
        _("删除考评项目 %(path)s“%(title)s”") % {"path": p, "title": x.title}
        for p, x in on.items()
        if p not in nn
    ]
    oa = {x.id: x for x in old.adjustments}
    na = {x.id: x for x in new.adjustments}
    for adj_id, adj in na.items():
        before = oa.get(adj_id)
        words = _adjustment_words(adj)
        named = {"id": adj_id, "title": adj.title, "words": words}
        if before is None:
            out.append(_("新增加减分项 %(id)s“%(title)s”：%(words)s") % named)
        elif _adjustment_words(before) != words:
            out.append(
                _("加减分项 %(id)s“%(title)s”改为：%(words)s（原为：%(was)s）")
                % {**named, "was": _adjustment_words(before)}
            )
    out += [
        _("删除加减分项 %(id)s“%(title)s”") % {"id": k, "title": x.title}
        for k, x in oa.items()
        if k not in na
    ]
    if old.bonus_cap != new.bonus_cap:
        out.append(
            _("加分上限由%(old)s改为%(new)s") % {"old": _n(old.bonus_cap), "new": _n(new.bonus_cap)}
        )
    if old.ranking != new.ranking:
        r, s = old.ranking, new.ranking
        out.append(
            _(
                "排名规则改变：前列%(top)s→%(new_top)s，后列%(bottom)s→%(new_bottom)s，"
                "并列%(ties)s→%(new_ties)s，边界%(boundary)s→%(new_boundary)s，"
                "顺序%(order)s→%(new_order)s"
            )
            % {
                "top": r.top,
                "new_top": s.top,
                "bottom": r.bottom,
                "new_bottom": s.bottom,
                "ties": r.ties,
                "new_ties": s.ties,
                "boundary": r.boundary,
                "new_boundary": s.boundary,
                "order": r.order,
                "new_order": s.order,
            }
        )
    oc = {c.key: c for c in old.consequences}
    nc = {c.key: c for c in new.consequences}
    separator = pgettext("sentence separator", "；")
    for key, c in nc.items():
        acts = separator.join(_action_words(x) for x in c.actions)
        label = _rule_label(key)
        if key not in oc:
            out.append(
                _("新增兑现规则（%(rule)s）：%(actions)s") % {"rule": label, "actions": acts}
            )
        elif oc[key].actions != c.actions:
            old_acts = separator.join(_action_words(x) for x in oc[key].actions)
            out.append(
                _("兑现规则（%(rule)s）改为：%(actions)s（原为：%(was)s）")
                % {"rule": label, "actions": acts, "was": old_acts}
            )
    out += [_("删除兑现规则（%(rule)s）") % {"rule": _rule_label(k)} for k in oc if k not in nc]
    return out


def _rule_label(key: tuple[str, ...]) -> str:
    """A consequence rule's ``key`` in words: 后列连续3次, 后列连续3次及以上, 条件 …"""
    if key[0] == "condition":
        return _("条件 %(condition)s") % {"condition": key[1]}
    n = int(key[2]) if str(key[2]).isdigit() else 2
    streak = {"streak": key[2]}
    at_least = key[1] == "min_streak"
    if key[0] == "top":
        if at_least:
            return ngettext("前列连续%(streak)s次及以上", "前列连续%(streak)s次及以上", n) % streak
        return ngettext("前列连续%(streak)s次", "前列连续%(streak)s次", n) % streak
    if key[0] == "bottom":
        if at_least:
            return ngettext("后列连续%(streak)s次及以上", "后列连续%(streak)s次及以上", n) % streak
        return ngettext("后列连续%(streak)s次", "后列连续%(streak)s次", n) % streak
    group = {"group": key[0], **streak}
    if at_least:
        return (
            ngettext("%(group)s连续%(streak)s次及以上", "%(group)s连续%(streak)s次及以上", n)
            % group
        )
    return ngettext("%(group)s连续%(streak)s次", "%(group)s连续%(streak)s次", n) % group
