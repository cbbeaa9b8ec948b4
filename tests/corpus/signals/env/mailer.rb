class Mailer
  HOST = ENV["SMTP_HOST"]
  PORT = ENV.fetch("SMTP_PORT", 25)
end
