-- Dead properties (RFC 4918 §4): what WebDAV clients store on a file or folder with PROPPATCH.
-- Keyed by the file uid, so they follow a move or rename, stay with a file through an overwrite,
-- and come back with it from the trash. value is an XML fragment, each element carrying its own
-- namespace declaration, so it can be written back inside any document.
CREATE TABLE dead_properties (
  file_uid TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (file_uid, namespace, name)
) STRICT;
