  

  -- only a comment
