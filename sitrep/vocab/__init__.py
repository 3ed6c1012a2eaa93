"""Words of a language that several stages read: month and weekday names, articles.  One module per
language (`en`); stages import the tables from here rather than keeping their own copies."""
