"""Rules: minimum standards as data (rulesets), and the engine that checks a contract against them."""
