"""Working groups, their members and meetings, the schedule and its iCalendar feeds."""
