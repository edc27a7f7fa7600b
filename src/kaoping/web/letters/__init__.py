"""Responsibility letters (目标责任书): docs/letters.md."""
