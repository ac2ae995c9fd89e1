-- cocktaildb:lock-timeout 200ms
ALTER TABLE accounts ADD COLUMN phone TEXT;
