"""Thin views: parse input, call one service or selector, render. One module per area; reviews and
attendance add their own modules here."""
