var conn = Environment.GetEnvironmentVariable("CONN_STRING");
