"""The interview under the « Jeunes » list: needs, recommendations, follow-up, offer feedback."""
