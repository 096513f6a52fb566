-- A person known by the CRM's id and, from a helpdesk, by e-mail alone is one person for
-- unsubscribing and throttling: invitations look contacts up by e-mail too.
CREATE INDEX contacts_by_email ON contacts (email);
