-- Text columns hold the API's limits in characters (issue 11, items 5 and 8). Portable SQL: H2 and PostgreSQL.
--
-- The API counts lengths in characters (Unicode code points): 200 emoji are a valid 255-character name. PostgreSQL's
-- varchar(n) counts characters too, but H2's counts UTF-16 units, in which an emoji takes two: every column that
-- stores client text is twice its API limit wide, so the limit holds on both databases. Columns the server fills
-- from client text plus a prefix grow further: wake_target.requested_as is "collection:" + a 255-character name,
-- wake_target.reason quotes a name, machine.name_key is the upper-cased name, which can be longer than the name
-- ('ß' is 'SS'; at most three UTF-16 units per character).
ALTER TABLE machine ALTER COLUMN resource_id SET DATA TYPE VARCHAR(256);
ALTER TABLE machine ALTER COLUMN name SET DATA TYPE VARCHAR(510);
ALTER TABLE machine ALTER COLUMN name_key SET DATA TYPE VARCHAR(1024);
ALTER TABLE machine_collection ALTER COLUMN name SET DATA TYPE VARCHAR(510);
ALTER TABLE collection_member ALTER COLUMN resource_id SET DATA TYPE VARCHAR(256);
ALTER TABLE boundary ALTER COLUMN description SET DATA TYPE VARCHAR(510);
ALTER TABLE wake_job_item ALTER COLUMN item SET DATA TYPE VARCHAR(510);
ALTER TABLE wake_target ALTER COLUMN requested_as SET DATA TYPE VARCHAR(1024);
ALTER TABLE wake_target ALTER COLUMN resource_id SET DATA TYPE VARCHAR(256);
ALTER TABLE wake_target ALTER COLUMN machine_name SET DATA TYPE VARCHAR(510);
ALTER TABLE wake_target ALTER COLUMN reason SET DATA TYPE VARCHAR(1024);
