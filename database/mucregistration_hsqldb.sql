-- MUC Registration plugin, database schema version 1 (HSQLDB).
-- ofMucRegReservation: one reserved room nickname per user per room (XEP-0045 7.10, 9.5).
--   service   the MUC service's subdomain, e.g. conference
--   roomName  the room's name (the node of its JID)
--   bareJid   the user's bare JID
--   nickname  the nickname as registered, case and form preserved (what is shown)
--   nickKey   its comparable form (PRECIS Nickname profile): unique in the room
-- The UNIQUE constraint's index on (service, roomName, nickKey) also serves listing a room or a whole
-- service in (roomName, nickKey) order with OFFSET/LIMIT paging, so no further index is needed.
-- The primary key leads with bareJid, so that it serves a user's look-ups but is no candidate for that
-- listing (given WHERE service = ?, HSQLDB would pick it and sort the whole service for each page).

CREATE TABLE ofMucRegReservation (
  service             VARCHAR(255)    NOT NULL,
  roomName            VARCHAR(255)    NOT NULL,
  bareJid             VARCHAR(1024)   NOT NULL,
  nickname            VARCHAR(1024)   NOT NULL,
  nickKey             VARCHAR(1024)   NOT NULL,
  CONSTRAINT ofMucRegReservation_pk PRIMARY KEY (bareJid, service, roomName),
  CONSTRAINT ofMucRegRes_nick_uq UNIQUE (service, roomName, nickKey)
);

INSERT INTO ofVersion (name, version) VALUES ('mucregistration', 1);
