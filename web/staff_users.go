package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
)

func (s *Server) usersPage(c *gin.Context, status int, data map[string]any) {
	users, err := s.db.Users(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	data["Users"], data["Roles"] = users, domain.Roles
	if data["Values"] == nil {
		data["Values"] = map[string]string{"role": "editor"}
	}
	if data["Errors"] == nil {
		data["Errors"] = map[string]string{}
	}
	s.staffPage(c, status, "staff_users", "Users", data)
}

func (s *Server) listUsers(c *gin.Context) { s.usersPage(c, http.StatusOK, map[string]any{}) }

// addUser creates an account with a generated password, shown once to the
// admin, who hands it over.
func (s *Server) addUser(c *gin.Context) {
	values := map[string]string{"email": strings.TrimSpace(c.PostForm("email")),
		"name": strings.TrimSpace(c.PostForm("name")), "role": c.PostForm("role")}
	password := auth.NewPassword()
	admin, _ := currentUser(c)
	u, err := s.db.CreateUser(c.Request.Context(), admin.Actor(), domain.User{Email: values["email"], Name: values["name"],
		Role: domain.Role(values["role"])}, auth.Hash(password, auth.Default))
	if err != nil {
		if domain.ErrorCode(err) == domain.EINTERNAL {
			s.fail(c, err)
			return
		}
		errs := map[string]string{}
		for _, p := range domain.FieldProblems(err) {
			errs[p.Field] = p.Message
		}
		s.usersPage(c, statusOf[domain.ErrorCode(err)], map[string]any{"Values": values, "Errors": errs})
		return
	}
	s.log.Info("user created", "email", u.Email, "role", u.Role, "by", admin.Email)
	s.usersPage(c, http.StatusOK, map[string]any{"Created": u, "Password": password})
}

// changeUser disables, enables or changes the role of an account.
func (s *Server) changeUser(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "no user %q", c.Param("id")))
		return
	}
	admin, _ := currentUser(c)
	if id == admin.ID {
		s.fail(c, domain.Errorf(domain.EFORBIDDEN, "you cannot change your own account here; ask another admin"))
		return
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
		s.fail(c, err)
		return
	}
	s.log.Info("user changed", "id", id, "change", c.PostForm("change"), "by", admin.Email)
	c.Redirect(http.StatusSeeOther, "/staff/users")
}
