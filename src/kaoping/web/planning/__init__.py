"""Service days, targets, allocation, campaigns and reminders (issue 5): the
township's planning pages, on top of the engine's pure rules and core's units,
people and reports."""
