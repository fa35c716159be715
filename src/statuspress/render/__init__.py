"""Rendering: outputs (pages, feeds, JSON, SVG, iCalendar) from views. No I/O here."""
