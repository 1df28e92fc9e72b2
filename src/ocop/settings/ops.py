"""Operations: logging, metrics, database routing, backups."""
