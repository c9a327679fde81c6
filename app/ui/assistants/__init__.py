"""The assistants UI: the library dialog with its editor, the pack import and export dialogs,
the toolbar picker, and the switcher that loads an assistant through the ChatController."""
