-- MUC Registration plugin, database schema version 1 (MySQL 5.7.7 or later).
-- ofMucRegReservation: one reserved room nickname per user per room (XEP-0045 7.10, 9.5).
--   service   the MUC service's subdomain, e.g. conference
--   roomName  the room's name (the node of its JID)
--   bareJid   the user's bare JID
--   nickname  the nickname as registered, case and form preserved (what is shown)
--   nickKey   its comparable form (PRECIS Nickname profile): unique in the room
-- The UNIQUE key on (service, roomName, nickKey) also serves listing a room or a whole service in
-- (roomName, nickKey) order with LIMIT/OFFSET paging, so no further index is needed.
-- The primary key leads with bareJid, so that it serves a user's look-ups but is no candidate for that
-- listing (given WHERE service = ?, HSQLDB would pick it and sort the whole service for each page).
-- Key length: InnoDB index keys are at most 3072 bytes and utf8mb4 takes up to 4 bytes a character, so each
-- key column is VARCHAR(255): 3 x 255 x 4 = 3060 bytes. JIDs and nickname keys longer than 255 characters
-- cannot be stored here (the plugin refuses them before writing).
-- The binary collation makes the keys compare exactly (the default utf8mb4 collations are case and accent
-- insensitive, which would make distinct nickname keys collide); searches lower-case the fragment instead
-- (bareJid and nickKey are written in lower case).

CREATE TABLE ofMucRegReservation (
  service             VARCHAR(255)    NOT NULL,
  roomName            VARCHAR(255)    NOT NULL,
  bareJid             VARCHAR(255)    NOT NULL,
  nickname            VARCHAR(1024)   NOT NULL,
  nickKey             VARCHAR(255)    NOT NULL,
  PRIMARY KEY (bareJid, service, roomName),
  UNIQUE KEY ofMucRegRes_nick_uq (service, roomName, nickKey)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

INSERT INTO ofVersion (name, version) VALUES ('mucregistration', 1);
