"""Readers and writers of goal documents, one module per format."""
