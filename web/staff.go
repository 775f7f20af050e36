package web

import (
	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// staffView is the view of a staff page.
type staffView interface {
	setLayout(title string, u domain.User)
}

// staffPage renders a staff page with the signed-in user in the layout.
// data is a staffView; the import pages still pass a map[string]any.
func (s *Server) staffPage(c *gin.Context, status int, page, title string, data any) {
	u, _ := currentUser(c)
	switch v := data.(type) {
	case staffView:
		v.setLayout(title, u)
	case map[string]any:
		v["Title"], v["User"] = title, u
	}
	s.render(c, status, page, data)
}
