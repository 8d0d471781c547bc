"""Coaching pages, one module per audience: students, coaches, student affairs."""
