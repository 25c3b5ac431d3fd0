-- MUC Registration plugin, database schema version 1 (SQL Server 2016 or later).
-- ofMucRegReservation: one reserved room nickname per user per room (XEP-0045 7.10, 9.5).
--   service   the MUC service's subdomain, e.g. conference
--   roomName  the room's name (the node of its JID)
--   bareJid   the user's bare JID
--   nickname  the nickname as registered, case and form preserved (what is shown)
--   nickKey   its comparable form (PRECIS Nickname profile): unique in the room
-- The UNIQUE constraint's index on (service, roomName, nickKey) also serves listing a room or a whole
-- service in (roomName, nickKey) order with OFFSET/FETCH paging, so no further index is needed.
-- The primary key leads with bareJid, so that it serves a user's look-ups but is no candidate for that
-- listing (given WHERE service = ?, HSQLDB would pick it and sort the whole service for each page).
-- Key length: nonclustered index keys are at most 1700 bytes and NVARCHAR takes 2 bytes a character, so each
-- key column is NVARCHAR(255): 3 x 255 x 2 = 1530 bytes (a clustered key would be limited to 900 bytes).
-- The binary collation makes the keys compare exactly (the default collations are case insensitive).

CREATE TABLE ofMucRegReservation (
  service             NVARCHAR(255)   COLLATE Latin1_General_100_BIN2 NOT NULL,
  roomName            NVARCHAR(255)   COLLATE Latin1_General_100_BIN2 NOT NULL,
  bareJid             NVARCHAR(255)   COLLATE Latin1_General_100_BIN2 NOT NULL,
  nickname            NVARCHAR(1024)  NOT NULL,
  nickKey             NVARCHAR(255)   COLLATE Latin1_General_100_BIN2 NOT NULL,
  CONSTRAINT ofMucRegReservation_pk PRIMARY KEY NONCLUSTERED (bareJid, service, roomName),
  CONSTRAINT ofMucRegRes_nick_uq UNIQUE NONCLUSTERED (service, roomName, nickKey)
);

INSERT INTO ofVersion (name, version) VALUES ('mucregistration', 1);
