"""Serialised traceability stamps and their scans."""
