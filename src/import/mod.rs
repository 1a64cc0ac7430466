//! Importers for published data files (NHS England DToC workbooks).
