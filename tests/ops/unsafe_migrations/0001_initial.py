import importlib

# The jobs app's real first migration (already applied in the test database); the next file is the one under test.
Migration = importlib.import_module("jobs.migrations.0001_initial").Migration
