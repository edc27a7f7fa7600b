"""Township meetings (镇级例会, 分析会, 调度会, 联席会议): who attended, what was on
the agenda and decided, the follow-ups handled, the minutes as a Word document."""
