"""Shape findings after the rules ran: markup, suppression comments, config, baseline."""
