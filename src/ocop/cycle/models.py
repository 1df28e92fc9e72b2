"""The six-step OCOP cycle: product ideas, business plans, support given."""
