"""Two versions of a rubric compared in words: what an assessor needs to know
before assessing a quarter with the newer one."""

from __future__ import annotations

from decimal import Decimal

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


def rule_words(rule: Rule) -> str:
    """A rule in one line, every key that affects the score."""
    kind = {
        "rate": "比率",
        "per_case": "按例扣分",
        "check": "达标得分",
        "deduct_if": "条件扣分",
        "zero_if": "不得分条件",
        "manual": "人工扣分",
    }[rule.kind]
    if rule.kind == "manual":
        return kind
    parts = [f"{kind} {rule.expr}"]
    if rule.kind == "rate":
        parts += [
            f"满分线{_n(rule.full_at)}",
            f"{_n(rule.points)}分",
            f"每低1个百分点扣{_n(rule.per_point_below)}分",
            f"不足1个百分点{ {'exact': '按实计', 'floor': '不计', 'ceil': '按1计'}[rule.partial] }",
            "无法计算时" + ("得满分" if rule.if_undefined == "full" else "不得分"),
        ]
    if rule.kind == "check":
        parts.append(f"{_n(rule.points)}分")
    if rule.kind in ("per_case", "deduct_if"):
        parts.append(f"扣{_n(rule.deduct)}分")
    if rule.cap is not None:
        parts.append(f"最多扣{_n(rule.cap)}分")
    return "，".join(parts)


def _action_words(a: ActionSpec) -> str:
    to = "、".join(a.to)
    if isinstance(a.amount, ByRank):
        amount = "按名次" + "/".join(_n(x) for x in a.amount.amounts)
    elif isinstance(a.amount, ByRole):
        amount = "按职务" + "，".join(f"{k}{_n(v)}" for k, v in a.amount.amounts.items())
    elif isinstance(a.amount, PerCase):
        cap = f"，最多{_n(a.amount.cap)}" if a.amount.cap is not None else ""
        amount = f"每例{_n(a.amount.each)}（{a.amount.expr}）{cap}"
    else:
        amount = _n(a.amount) if a.amount is not None else ""
    return f"{a.kind}（{to}{'，' + amount if amount else ''}）"


def _adjustment_words(a: Adjustment) -> str:
    kind = {"per_case": "按例扣分", "deduct_if": "条件扣分", "check": "加分", "veto": "一票否决"}
    parts = [f"{kind.get(a.kind, a.kind)} {a.expr}"]
    if a.deduct is not None:
        parts.append(f"扣{_n(a.deduct)}分")
    if a.bonus is not None:
        parts.append(f"加{_n(a.bonus)}分")
    if a.cap is not None:
        parts.append(f"最多扣{_n(a.cap)}分")
    return "，".join(parts)


def _nodes(r: Rubric) -> dict[str, Node]:
    return {n.path: n for n in r.nodes()}


def diff_rubrics(old: Rubric, new: Rubric) -> list[str]:
    """Every difference that matters for scoring, one sentence each, in rubric order."""
    out: list[str] = []
    if old.name != new.name:
        out.append(f"名称由“{old.name}”改为“{new.name}”")
    if old.total != new.total:
        out.append(f"总分由{_n(old.total)}改为{_n(new.total)}")
    for code, e in new.elements.items():
        oe = old.elements.get(code)
        if oe is None:
            out.append(f"新增数据项 {code}（{e.label}）")
            continue
        if oe.label != e.label:
            out.append(f"数据项 {code} 名称由“{oe.label}”改为“{e.label}”")
        if oe.type != e.type:
            out.append(f"数据项 {code} 类型由{oe.type.value}改为{e.type.value}")
        if oe.default != e.default:
            out.append(f"数据项 {code} 默认值由{_n(oe.default)}改为{_n(e.default)}")
    out += [
        f"删除数据项 {c}（{x.label}）" for c, x in old.elements.items() if c not in new.elements
    ]
    old_checks = {str(c.rule): c.message for c in old.checks}
    new_checks = {str(c.rule): c.message for c in new.checks}
    out += [f"新增校验：{r}（{m}）" for r, m in new_checks.items() if r not in old_checks]
    out += [f"删除校验：{r}（{m}）" for r, m in old_checks.items() if r not in new_checks]
    on, nn = _nodes(old), _nodes(new)
    for path, n in nn.items():
        o: Node | None = on.get(path)
        if o is None:
            out.append(f"新增考评项目 {path}“{n.title}”，满分{_n(n.max)}")
            continue
        if o.title != n.title:
            out.append(f"项目 {path} 名称由“{o.title}”改为“{n.title}”")
        if o.max != n.max:
            out.append(f"项目 {path}“{n.title}”满分由{_n(o.max)}改为{_n(n.max)}")
        old_rules = [rule_words(r) for r in o.rules]
        new_rules = [rule_words(r) for r in n.rules]
        if old_rules != new_rules:
            if len(old_rules) == len(new_rules):
                for was, now in zip(old_rules, new_rules, strict=True):
                    if was != now:
                        out.append(f"项目 {path}“{n.title}”规则改为：{now}（原为：{was}）")
            else:
                out += [
                    f"项目 {path}“{n.title}”新增规则：{w}" for w in new_rules if w not in old_rules
                ]
                out += [
                    f"项目 {path}“{n.title}”删除规则：{w}" for w in old_rules if w not in new_rules
                ]
    out += [f"删除考评项目 {p}“{x.title}”" for p, x in on.items() if p not in nn]
    oa = {x.id: x for x in old.adjustments}
    na = {x.id: x for x in new.adjustments}
    for adj_id, adj in na.items():
        before = oa.get(adj_id)
        words = _adjustment_words(adj)
        if before is None:
            out.append(f"新增加减分项 {adj_id}“{adj.title}”：{words}")
        elif _adjustment_words(before) != words:
            out.append(
                f"加减分项 {adj_id}“{adj.title}”改为：{words}（原为：{_adjustment_words(before)}）"
            )
    out += [f"删除加减分项 {k}“{x.title}”" for k, x in oa.items() if k not in na]
    if old.bonus_cap != new.bonus_cap:
        out.append(f"加分上限由{_n(old.bonus_cap)}改为{_n(new.bonus_cap)}")
    if old.ranking != new.ranking:
        r, s = old.ranking, new.ranking
        out.append(
            f"排名规则改变：前列{r.top}→{s.top}，后列{r.bottom}→{s.bottom}，"
            f"并列{r.ties}→{s.ties}，边界{r.boundary}→{s.boundary}，顺序{r.order}→{s.order}"
        )
    oc = {c.key: c for c in old.consequences}
    nc = {c.key: c for c in new.consequences}
    for key, c in nc.items():
        acts = "；".join(_action_words(x) for x in c.actions)
        label = _rule_label(key)
        if key not in oc:
            out.append(f"新增兑现规则（{label}）：{acts}")
        elif oc[key].actions != c.actions:
            old_acts = "；".join(_action_words(x) for x in oc[key].actions)
            out.append(f"兑现规则（{label}）改为：{acts}（原为：{old_acts}）")
    out += [f"删除兑现规则（{_rule_label(k)}）" for k in oc if k not in nc]
    return out


def _rule_label(key: tuple[str, ...]) -> str:
    """A consequence rule's ``key`` in words: 后列连续3次, 后列每次（连续1次及以上）, 条件 …"""
    if key[0] == "condition":
        return f"条件 {key[1]}"
    group = {"top": "前列", "bottom": "后列"}.get(key[0], key[0])
    if key[1] == "min_streak":
        return f"{group}连续{key[2]}次及以上"
    return f"{group}连续{key[2]}次"
