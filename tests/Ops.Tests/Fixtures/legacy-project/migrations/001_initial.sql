-- Written for SQLite before the move to PostgreSQL; never run again, only baselined.
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL
);
