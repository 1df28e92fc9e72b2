"""Plans (kế hoạch, đề án), targets and indicators computed live from the data."""
