INSERT INTO items (id, name) VALUES (40, 'forty');
/* Fails when a name is blank: the atomicity test arranges that; the insert above must then vanish. */
ALTER TABLE items
    ADD CONSTRAINT items_name_not_blank CHECK (name <> '');
