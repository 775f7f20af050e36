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
func (s *Server) staffPage(c *gin.Context, status int, page, title string, data staffView) {
	u, _ := currentUser(c)
	data.setLayout(title, u)
	s.render(c, status, page, data)
}
