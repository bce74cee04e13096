//! The council's named documents (`source standards "..."`), read for the checks that look
//! phrases up in them. Not a check itself.
