ALTER TABLE items DROP CONSTRAINT items_name_not_blank;
DELETE FROM items WHERE id = 40;
