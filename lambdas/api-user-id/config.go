package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/go-sql-driver/mysql"
)

// Timeouts are short: API Gateway gives up after 29 s and the function has
// 30 s, so a slow database must fail fast rather than hold the invocation.
const (
	dialTimeout   = 2 * time.Second
	readTimeout   = 3 * time.Second
	writeTimeout  = 3 * time.Second
	secretTimeout = 5 * time.Second
)

// dbConfig is where the database is.
type dbConfig struct {
	Host     string
	Port     int
	User     string
	Password string
	Name     string
	TLS      string // go-sql-driver "tls" parameter: "true", "false", "skip-verify", "preferred"
}

// rdsSecret is the JSON shape of an RDS-managed Secrets Manager secret.
type rdsSecret struct {
	Username string      `json:"username"`
	Password string      `json:"password"`
	Host     string      `json:"host"`
	Port     json.Number `json:"port"` // a number in RDS secrets, a string in hand-made ones
	DBName   string      `json:"dbname"`
}

// loadConfig reads the configuration from the environment:
//
//   - DB_SECRET_ARN set: the secret (RDS JSON shape) is fetched once from
//     Secrets Manager with the region and credentials the Lambda runtime puts
//     in the environment (see secretsClient). DB_HOST, DB_PORT and DB_NAME, when set, override
//     the secret's host, port and dbname (e.g. to go through an RDS Proxy).
//   - otherwise DB_HOST, DB_PORT (default 3306), DB_USER, DB_PASSWORD, DB_NAME.
//
// DB_TLS is passed to the driver's tls parameter; unset, it is "true"
// (TLS, the server's certificate verified against the system roots), so
// turning encryption off takes an explicit DB_TLS=false.
func loadConfig(ctx context.Context, getenv func(string) string) (dbConfig, error) {
	cfg := dbConfig{Port: 3306, TLS: getenv("DB_TLS")}
	if cfg.TLS == "" {
		cfg.TLS = "true"
	}
	if arn := getenv("DB_SECRET_ARN"); arn != "" {
		s, err := fetchSecret(ctx, getenv, arn)
		if err != nil {
			return dbConfig{}, err
		}
		cfg.Host, cfg.User, cfg.Password, cfg.Name = s.Host, s.Username, s.Password, s.DBName
		if s.Port != "" {
			p, err := strconv.Atoi(string(s.Port))
			if err != nil {
				return dbConfig{}, fmt.Errorf("secret %s: port %q is not a number", arn, s.Port)
			}
			cfg.Port = p
		}
	} else {
		cfg.User, cfg.Password = getenv("DB_USER"), getenv("DB_PASSWORD")
	}
	if v := getenv("DB_HOST"); v != "" {
		cfg.Host = v
	}
	if v := getenv("DB_NAME"); v != "" {
		cfg.Name = v
	}
	if v := getenv("DB_PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p <= 0 || p > 65535 {
			return dbConfig{}, fmt.Errorf("DB_PORT %q is not a port number", v)
		}
		cfg.Port = p
	}
	switch {
	case cfg.Host == "":
		return dbConfig{}, errors.New("no database host: set DB_SECRET_ARN or DB_HOST")
	case cfg.User == "":
		return dbConfig{}, errors.New("no database user: set DB_SECRET_ARN or DB_USER")
	case cfg.Name == "":
		return dbConfig{}, errors.New("no database name: set DB_NAME or dbname in the secret")
	}
	return cfg, nil
}

// secretsClient builds the client from the variables the Lambda runtime sets
// (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)
// rather than with aws-sdk-go-v2/config, whose SSO, STS and IMDS providers
// would add about 3 MB to the binary for nothing a Lambda function uses.
// AWS_ENDPOINT_URL_SECRETS_MANAGER (or AWS_ENDPOINT_URL) overrides the
// endpoint, as with the SDK's default configuration.
func secretsClient(getenv func(string) string) (*secretsmanager.Client, error) {
	region := getenv("AWS_REGION")
	if region == "" {
		region = getenv("AWS_DEFAULT_REGION")
	}
	key, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if region == "" || key == "" || secret == "" {
		return nil, errors.New("DB_SECRET_ARN is set but AWS_REGION, AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not")
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, getenv("AWS_SESSION_TOKEN")),
	}
	return secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
		for _, k := range []string{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"} {
			if v := getenv(k); v != "" {
				o.BaseEndpoint = aws.String(v)
				return
			}
		}
	}), nil
}

func fetchSecret(ctx context.Context, getenv func(string) string, arn string) (rdsSecret, error) {
	ctx, cancel := context.WithTimeout(ctx, secretTimeout)
	defer cancel()
	client, err := secretsClient(getenv)
	if err != nil {
		return rdsSecret{}, err
	}
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
		SecretId: aws.String(arn),
	})
	if err != nil {
		return rdsSecret{}, fmt.Errorf("reading secret %s: %w", arn, err)
	}
	if out.SecretString == nil {
		return rdsSecret{}, fmt.Errorf("secret %s has no SecretString", arn)
	}
	var s rdsSecret
	if err := json.Unmarshal([]byte(*out.SecretString), &s); err != nil {
		return rdsSecret{}, fmt.Errorf("secret %s is not RDS-shaped JSON: %w", arn, err)
	}
	return s, nil
}

// mysqlConfig is the driver configuration for cfg.
func (cfg dbConfig) mysqlConfig() *mysql.Config {
	m := mysql.NewConfig()
	m.Net = "tcp"
	m.Addr = net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	m.User = cfg.User
	m.Passwd = cfg.Password
	m.DBName = cfg.Name
	m.Timeout = dialTimeout
	m.ReadTimeout = readTimeout
	m.WriteTimeout = writeTimeout
	m.ParseTime = true
	m.TLSConfig = cfg.TLS
	// Nothing that pins an RDS Proxy session to one database connection
	// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-pinning.html):
	// arguments are escaped into the query text by the driver instead of
	// server-side prepared statements (COM_STMT_PREPARE), and no charset
	// or Params are set, so the driver sends no SET statement on connect
	// (the collation travels in the handshake).
	m.InterpolateParams = true
	return m
}
