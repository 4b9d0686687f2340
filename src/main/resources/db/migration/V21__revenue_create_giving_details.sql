-- Safe giving and the other ways to give, as fields editors fill in rather than free text.

CREATE TABLE giving_settings (
  id             INT PRIMARY KEY CHECK (id = 1),
  safe_giving_en TEXT NOT NULL,
  safe_giving_ru TEXT NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL
);
INSERT INTO giving_settings VALUES (1,
'Every way of giving leaves some trace. Choose the one that fits the risk you run.

- **Card (Stripe).** Your bank and Stripe know that you paid us, how much and when. Stripe asks for an e-mail address; if you give "without leaving my address", we drop it and keep none.
- **PayPal.** PayPal knows your account and the payment. We see the name and address PayPal shares unless you give without leaving your address.
- **Bitcoin on-chain.** Every payment is public on the Bitcoin ledger forever. Anyone who can link the sending wallet to you can see the gift. Use a fresh wallet that has never touched an exchange account in your name.
- **Lightning.** Far less visible: the payment is not written to the public ledger, and the route hides who paid.
- **Bank transfer.** Both banks know sender, receiver and amount, and may report transfers abroad.

Giving "without leaving my address" means we ask for no e-mail, keep none, send no receipt and show your receipt only on screen. Nothing on any public page ever names a supporter.',
'Любой способ поддержки оставляет какой-то след. Выберите тот, что подходит к вашему риску.

- **Карта (Stripe).** Ваш банк и Stripe знают, что вы заплатили нам, сколько и когда. Stripe спрашивает e-mail; если вы поддерживаете нас «не оставляя адреса», мы его удаляем и не храним.
- **PayPal.** PayPal знает ваш аккаунт и платёж. Мы видим имя и адрес, которые передаёт PayPal, если только вы не поддерживаете нас без адреса.
- **Биткоин (блокчейн).** Каждый платёж навсегда виден в публичном реестре биткоина. Любой, кто свяжет кошелёк отправителя с вами, увидит платёж. Используйте новый кошелёк, который никогда не касался биржевого аккаунта на ваше имя.
- **Lightning.** Гораздо менее заметно: платёж не записывается в публичный реестр, а маршрут скрывает плательщика.
- **Банковский перевод.** Оба банка знают отправителя, получателя и сумму и могут сообщать о переводах за границу.

«Не оставляя адреса» значит: мы не спрашиваем e-mail, не храним его, не отправляем квитанцию и показываем её только на экране. Ни одна публичная страница никогда не называет имён тех, кто нас поддерживает.',
now());

CREATE TABLE giving_bank_account (
  id             BIGSERIAL PRIMARY KEY,
  currency       TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  account_holder TEXT NOT NULL,
  iban           TEXT NOT NULL,
  bic            TEXT NOT NULL,
  bank_name      TEXT NOT NULL,
  reference      TEXT NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE giving_crypto_address (
  id         BIGSERIAL PRIMARY KEY,
  currency   TEXT NOT NULL,
  address    TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
