"""Views of the funding app: thin — parse input, call one service or selector, render."""
