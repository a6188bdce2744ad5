"""The user's vocabulary in the window: the concept menu, the focused concept's details, the
Edit menu's concept undo and redo, and the dialogs they ask."""
