"""Mail (issue 12): send from the user's own mailbox, bring the replies back."""
