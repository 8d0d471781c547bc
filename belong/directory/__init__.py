"""The school's directory: offices, the services they give, where and when, and who to contact."""
