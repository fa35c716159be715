"""Validation rules over loaded content, and the formats problems are printed in."""
