"""secretariat: the working system and public archive of a review team and its staff."""
