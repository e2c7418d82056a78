"""The domain model and its pure logic. Imports only the standard library."""
