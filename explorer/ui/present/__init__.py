"""Presenting tours: the presenter window, and the pictures of its stops (explorer.ui.draw
turns them into the tour's exports)."""
