package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
)

type usersView struct {
	layoutView
	Users    []domain.User
	Roles    []string
	Form     *form
	Created  *domain.User // the account just added, shown once with its password
	Password string
}

// usersPage lists the accounts beside the form that adds one.
func (s *Server) usersPage(c *gin.Context, v *usersView) error {
	users, err := s.db.Users(c.Request.Context())
	if err != nil {
		return err
	}
	v.Users, v.Roles = users, choices(domain.Roles)
	if v.Form == nil {
		v.Form = newForm(map[string]string{"role": "editor"})
	}
	s.staffPage(c, v.Form.status(), "staff_users", "Users", v)
	return nil
}

func (s *Server) listUsers(c *gin.Context) error { return s.usersPage(c, &usersView{}) }

// addUser creates an account with a generated password, shown once to the
// admin, who hands it over.
func (s *Server) addUser(c *gin.Context) error {
	f := postedForm(c, []string{"email", "name"}, true)
	f.Values["role"] = c.PostForm("role")
	u := domain.User{Email: f.Values["email"], Name: f.Values["name"], Role: domain.Role(f.Values["role"])}
	f.check(u.Validate())
	password := auth.NewPassword()
	admin, _ := currentUser(c)
	err := f.save(func() error {
		var err error
		u, err = s.db.CreateUser(c.Request.Context(), admin.Actor(), u, auth.Hash(password, auth.Default))
		return err
	})
	if err != nil {
		return err
	}
	if f.Invalid() {
		return s.usersPage(c, &usersView{Form: f})
	}
	s.log.Info("user created", "email", u.Email, "role", u.Role, "by", admin.Email)
	return s.usersPage(c, &usersView{Created: &u, Password: password})
}

// changeUser disables, enables or changes the role of an account.
func (s *Server) changeUser(c *gin.Context) error {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "no user %q", c.Param("id"))
	}
	admin, _ := currentUser(c)
	if id == admin.ID {
		return domain.Errorf(domain.EFORBIDDEN, "you cannot change your own account here; ask another admin")
	}
	switch c.PostForm("change") {
	case "disable":
		err = s.db.SetUserDisabled(ctx, admin.Actor(), id, true)
	case "enable":
		err = s.db.SetUserDisabled(ctx, admin.Actor(), id, false)
	case "role":
		err = s.db.SetUserRole(ctx, admin.Actor(), id, domain.Role(c.PostForm("role")))
	default:
		err = domain.FieldErrorf(domain.EINVALID, "change", "use disable, enable or role")
	}
	if err != nil {
		return err
	}
	s.log.Info("user changed", "id", id, "change", c.PostForm("change"), "by", admin.Email)
	c.Redirect(http.StatusSeeOther, "/staff/users")
	return nil
}
