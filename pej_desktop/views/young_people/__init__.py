"""The « Jeunes » tab: the files, the eligibility check, activations and the summary."""
