"""`makemessages` in the house format: catalogues sorted by message, without source lines.

Several branches add strings at once; with file:line comments and source order every change
moved hundreds of lines and every merge conflicted. Sorted entries without locations change
only where a message changed, so independent additions merge cleanly.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # No fuzzy matching: a guessed translation of a similar message is wrong more often than
    # not, and an untranslated entry is caught by the checks while a fuzzy one hides.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--sort-output", "--no-location",
                        "--no-fuzzy-matching"]
    msguniq_options = [*makemessages.Command.msguniq_options, "--sort-output", "--no-location"]
    msgattrib_options = [*makemessages.Command.msgattrib_options, "--sort-output",
                         "--no-location"]
    xgettext_options = [*makemessages.Command.xgettext_options, "--sort-output"]

    def handle(self, *args, **options):
        options["no_location"] = True
        options["no_obsolete"] = True
        return super().handle(*args, **options)
