"""`secretariat remind`: the same as `send_reminders` (the name the issue gave it)."""

from secretariat.notify.management.commands.send_reminders import Command as SendReminders


class Command(SendReminders):
    pass
