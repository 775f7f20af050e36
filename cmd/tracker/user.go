package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
)

const userUsage = `usage:
  tracker user add     [--db DSN] [--actor NAME] --email EMAIL --name NAME --role editor|reviewer|admin [--password-stdin]
  tracker user disable [--db DSN] [--actor NAME] --email EMAIL
  tracker user enable  [--db DSN] [--actor NAME] --email EMAIL
  tracker user list    [--db DSN]`

// userCmd manages staff accounts. There is no default account: the first
// admin is made here.
func userCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	email := fs.String("email", "", "the account's `EMAIL` address")
	name := fs.String("name", "", "the person's `NAME`")
	role := fs.String("role", "editor", "`editor|reviewer|admin`")
	actor := fs.String("actor", "", "who makes the change (`NAME`), for the accounts' history (default: cli:$USER)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one")
	return func(ctx context.Context, env environment, args []string) error {
		if len(args) == 0 {
			fmt.Fprintln(env.stderr, userUsage)
			return errUsage
		} else if len(args) > 1 {
			return fmt.Errorf("unexpected arguments %q\n%s", args[1:], userUsage)
		}
		if *actor == "" {
			*actor = "cli:" + osUser()
		}
		db, err := openStore(ctx, *dsn)
		if err != nil {
			return err
		}
		defer db.Close()

		switch args[0] {
		case "add":
			password := auth.NewPassword()
			if *fromStdin {
				line, err := bufio.NewReader(env.stdin).ReadString('\n')
				if err != nil && line == "" {
					return fmt.Errorf("--password-stdin: no password on standard input")
				}
				password = strings.TrimRight(line, "\r\n")
			}
			if err := auth.CheckPassword(password); err != nil {
				return err
			}
			u, err := db.CreateUser(ctx, *actor, domain.User{Email: strings.TrimSpace(*email), Name: strings.TrimSpace(*name),
				Role: domain.Role(*role)}, auth.Hash(password, auth.Default))
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "Created %s (%s, %s).\n", u.Email, u.Name, u.Role)
			if !*fromStdin {
				fmt.Fprintf(env.stdout, "Password: %s\n", password)
			}
			return nil
		case "disable", "enable":
			u, _, err := db.UserByEmail(ctx, *email)
			if err != nil {
				return err
			}
			if err := db.SetUserDisabled(ctx, *actor, u.ID, args[0] == "disable"); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%s is %sd; ", u.Email, args[0])
			if args[0] == "disable" {
				fmt.Fprintln(env.stdout, "their sessions have ended.")
			} else {
				fmt.Fprintln(env.stdout, "they can sign in again.")
			}
			return nil
		case "list":
			users, err := db.Users(ctx)
			if err != nil {
				return err
			}
			for _, u := range users {
				state := ""
				if u.Disabled {
					state = " (disabled)"
				}
				fmt.Fprintf(env.stdout, "%s\t%s\t%s%s\n", u.Email, u.Role, u.Name, state)
			}
			return nil
		}
		fmt.Fprintln(env.stderr, userUsage)
		return fmt.Errorf("unknown user command %q", args[0])
	}

}
