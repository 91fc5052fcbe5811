"""Telemail's shared library: everything the four Cloud Functions have in common."""
